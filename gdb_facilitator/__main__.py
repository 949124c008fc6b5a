from gdb_facilitator.cli import main

raise SystemExit(main())
