"""The command line: thin, one module per command, each calling plain library functions."""
