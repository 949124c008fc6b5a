from gdb_facilitator.entry import main

raise SystemExit(main())
