"""Writes the Kerchunk reference sets of air.nc beside it, as kerchunk 0.2.10 builds them (the provenance of
air.json and air.parq/; the cross-check test builds its own). air.nc stores `air` contiguously, as one chunk;
kerchunk's subchunk splits it into 4 chunks of 31 time steps (uncompressed chunks split exactly). URLs are
relative ("air.nc"), so the references work wherever this folder is.

usage: cd testdata/kerchunk && python make_references.py   (in the project's virtualenv)
"""
import json

from kerchunk.df import refs_to_dataframe
from kerchunk.hdf import SingleHdf5ToZarr
from kerchunk.utils import subchunk

refs = SingleHdf5ToZarr("air.nc", url="air.nc", inline_threshold=0).translate()
refs = {"version": 1, "refs": subchunk(refs, "air", 4)}
with open("air.json", "w") as out:
    json.dump(refs, out, indent=1, sort_keys=True)
refs_to_dataframe(refs, "air.parq", record_size=3)
