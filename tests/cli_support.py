"""What the command-line tests share: running the CLI in this process, as a user types it."""

from gdb_facilitator.cli import main


def run(capsys, *argv):
    """``gdb-facilitator ARGV`` in-process: (exit code, stdout, stderr); argparse's usage
    errors (SystemExit) come back as their exit code too."""
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err
