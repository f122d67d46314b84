"""``python -m workbook``: the same command line as ``workbook``."""
from workbook.cli import main

if __name__ == "__main__":
    main(prog_name="workbook")
