"""Tests of newsschema."""
