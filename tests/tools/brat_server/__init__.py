"""brat's configuration loader (vendored, MIT; see LICENSE.md) and the shim it imports."""
