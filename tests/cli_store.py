"""A fresh provgraph store for the Python test scripts (schema checks of the
JSON the CLI prints): `fresh_store(binary, work)` empties `work`, and returns
the store path and `run(*args, ok=(0,))`, which runs `binary args --store
STORE`, asserts the exit code is in `ok` and returns the CompletedProcess."""
import os
import shutil
import subprocess


def fresh_store(binary, work):
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    store = os.path.join(work, "s.store")

    def run(*args, ok=(0,)):
        p = subprocess.run([binary, *args, "--store", store], capture_output=True, text=True)
        assert p.returncode in ok, (args, p.returncode, p.stderr)
        return p

    return store, run
