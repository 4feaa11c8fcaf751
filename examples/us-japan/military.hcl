# U.S. forces in Japan on host-nation power and telecom.
#
# - U.S. facilities in Japan buy electricity from the Japanese utilities; under
#   the Special Measures Agreement Japan pays part of their utility costs (Ministry
#   of Foreign Affairs of Japan, host-nation support / Special Measures Agreement;
#   not re-checked).
# - Yokota Air Base (Fussa, Tokyo) hosts the USFJ headquarters; Yokosuka hosts the
#   U.S. Seventh Fleet; Kadena Air Base is on Okinawa (USFJ, "About USFJ"; not
#   re-checked).
# - Backup times on the bases are assumptions (7 days of generator fuel).
# - Reachback to the United States goes over the trans-Pacific cables or over
#   military satellite communications (assumption).

asset "milsatcom" {
  sector   = sector.defense
  label    = "Military satellite communications"
  operator = organization.ussf
  region   = "space"
}

asset "yokota_ab" {
  sector   = sector.defense
  label    = "Yokota Air Base (USFJ headquarters)"
  operator = organization.usfj
  country  = "JP"
  region   = "kanto"
  location = { lat = 35.75, lon = 139.35 }
  weight   = 2
  needs "power" {
    backup     = "7d" # (assumption)
    depends_on = [asset.tepco_grid]
  }
  needs "telecom" {
    backup     = "1d" # (assumption)
    depends_on = [asset.ntt_tokyo_backbone]
  }
}

asset "yokosuka_nb" {
  sector   = sector.defense
  label    = "Yokosuka naval base (Seventh Fleet)"
  operator = organization.usfj
  country  = "JP"
  region   = "kanto"
  location = { lat = 35.29, lon = 139.67 }
  weight   = 2
  needs "power" {
    backup     = "7d" # (assumption)
    depends_on = [asset.tepco_grid]
  }
}

asset "kadena_ab" {
  sector   = sector.defense
  label    = "Kadena Air Base"
  operator = organization.usfj
  country  = "JP"
  region   = "okinawa"
  location = { lat = 26.36, lon = 127.77 }
  weight   = 2
  needs "power" {
    backup     = "7d" # (assumption)
    depends_on = [asset.okinawa_grid]
  }
}

asset "usfj_c2" {
  sector     = sector.defense
  label      = "USFJ command and control"
  operator   = organization.usfj
  country    = "JP"
  region     = "kanto"
  depends_on = [asset.yokota_ab]
  needs "reachback" {
    requires   = "any"
    depends_on = [asset.transpacific, asset.milsatcom]
  }
}
