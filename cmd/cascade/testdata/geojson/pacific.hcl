# A fixture of run --format geojson: assets on both sides of the Pacific (a
# dependency that crosses the antimeridian), one without a location, a within
# footprint, restoration (restored_s) and a compromise.

sector "energy" { label = "電力" }
sector "telecom" { label = "Telecom" }

organization "tepco" {
  label   = "東京電力"
  country = "JP"
}

organization "carrier" {
  label   = "Pacific carrier"
  country = "US"
}

asset "shinagawa" {
  sector   = sector.energy
  label    = "品川変電所"
  operator = organization.tepco
  location = { lat = 35.62, lon = 139.74 }
  repair   = "12h"
}

asset "landing_jp" {
  sector   = sector.telecom
  label    = "Cable landing, Chikura"
  operator = organization.carrier
  location = { lat = 34.95, lon = 139.95 }
  dependency {
    on    = asset.shinagawa
    delay = "1h"
  }
}

asset "landing_us" {
  sector   = sector.telecom
  label    = "Cable landing, Hermosa Beach"
  operator = organization.carrier
  location = { lat = 33.86, lon = -118.4 }
  dependency {
    on   = asset.landing_jp
    kind = "cyber"
  }
}

asset "noc" {
  sector     = sector.telecom
  label      = "Network operations (no location)"
  operator   = organization.carrier
  depends_on = [asset.landing_us]
}

scenario "quake" {
  horizon = "2d"
  event "shake" {
    select {
      within = { lat = 35.6, lon = 139.7, radius_km = 20 }
    }
  }
  event "intrusion" {
    kind    = "cyber"
    at      = "2h"
    targets = [asset.landing_jp]
  }
}
