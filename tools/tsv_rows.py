"""The rows of kaiji's hand-label files (tools/corpus-*.tsv), shared by the scripts that read them.

Each file is tab-separated, one label a line, with `#` comment lines and blank lines ignored.
"""


def tsv_rows(path):
    """The fields of each label line of path, as lists of strings, in file order."""
    with open(path, encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t") for line in fh
                if not line.startswith("#") and line.strip()]
