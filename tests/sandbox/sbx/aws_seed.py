"""Builds AWS resources of a seed through the same store functions the API uses."""


def build(state, seed):
    pass
