import os


def off(name: str) -> bool:
    return name in os.environ.get("MARSAD_ABLATE", "").split(",")
