"""The package imports quietly and quickly enough for notebooks; the CLI exists."""
import os
import subprocess
import sys


CODE = "import ec2lab; c = ec2lab.Cloud(); c.client('ec2').describe_regions(); print(ec2lab.__version__)"


def run(code, *args):
    env = dict(os.environ)
    env.pop("PYTHONWARNINGS", None)
    return subprocess.run([sys.executable, *args, "-c", code], capture_output=True, text=True, env=env, timeout=120)


def test_import_and_first_call_write_nothing_to_stderr():
    r = run(CODE, "-W", "default")
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    assert r.stdout.strip() == __import__("ec2lab").__version__


def test_a_caught_panic_writes_nothing_to_stderr():
    r = run("import ec2lab\ntry:\n    ec2lab.Cloud()._core._panic_for_test()\nexcept ec2lab._core.CoreError as e:\n    print(e.kind)")
    assert r.returncode == 0 and r.stdout.strip() == "Internal" and r.stderr == ""


def test_import_does_not_load_heavy_modules():
    r = run("import sys, ec2lab; print(' '.join(m for m in ('jmespath', 'asyncio', 'botocore', 'json') if m in sys.modules))")
    assert r.returncode == 0, r.stderr
    assert "jmespath" not in r.stdout.split() and "botocore" not in r.stdout.split() and "asyncio" not in r.stdout.split()


def test_exports():
    import ec2lab

    for name in ["Cloud", "ClientError", "ParamValidationError", "WaiterError", "set_language", "get_language", "explain_instance_type", "__version__",
                 "Instance", "InstanceList", "Volume", "Snapshot", "Image"]:
        assert hasattr(ec2lab, name), name


def test_cli_help():
    r = subprocess.run([sys.executable, "-m", "ec2lab", "--help"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "tour" in r.stdout and r.stderr == ""


def test_cli_tour_runs_the_tour_module_when_present():
    from ec2lab import tour

    assert callable(tour.main)
