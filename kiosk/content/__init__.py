"""Content shipped with the kiosk and updated by sync: resources and stations.

``models`` holds the pydantic validators the hub uses; ``catalogue`` the light
standard-library loader the terminal uses; ``geo`` distances and map links.
This package's ``__init__`` imports nothing so the hub can import ``models``
without loading terminal code.
"""
