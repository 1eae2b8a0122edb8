"""Fixed data of the simulated region: places, the three trades' skills, texts, habits.

The tables are in ``data/simulated_world.json`` (read once, at import): places (INSEE code, name,
latitude, longitude, weight for offers, weight for graduates: graduates live mostly in the mining basin
around the school in Lens, offers concentrate in the Lille metropolis), skill groups of the three trades
(id -> label, under their broader group and track) and the transversal skills, offer titles, filler
sentences of offers and CVs, contract mixes per track and the tracks' shares of offers and graduates.
"""

import json
from pathlib import Path

from .docs import BIKE_FOOT, CAR, PUBLIC_TRANSPORT

_DATA = json.loads(
    (Path(__file__).resolve().parent / "data" / "simulated_world.json").read_text(encoding="utf-8")
)

# (insee, name, lat, lon, weight for offers, weight for graduates)
PLACES = tuple(
    (p["insee"], p["name"], p["lat"], p["lon"], p["offer_weight"], p["graduate_weight"])
    for p in _DATA["places"]
)
# track -> group -> {id: label}
TAXONOMY = _DATA["taxonomy"]
TRANSVERSAL = _DATA["transversal"]
TITLES = _DATA["titles"]
FILLER = _DATA["offer_filler"]
CV_FILLER = _DATA["cv_filler"]
CONTRACTS_BY_TRACK = {
    track: (mix["contracts"], mix["weights"]) for track, mix in _DATA["contracts_by_track"].items()
}
TRACK_SHARE_OFFERS = _DATA["track_share_offers"]
TRACK_SHARE_GRADS = _DATA["track_share_graduates"]
SPEED_KMH = {CAR: 50.0, PUBLIC_TRANSPORT: 22.0, BIKE_FOOT: 13.0}
FIXED_MIN = {CAR: 5.0, PUBLIC_TRANSPORT: 15.0, BIKE_FOOT: 0.0}
