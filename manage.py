#!/usr/bin/env python3
import sys

from tomoshibi.cli import run_django

if __name__ == "__main__":
    run_django(sys.argv)
