def load(stdout, refresh=False):
    pass
