sector "energy" {}

asset "grid" {
  sector     = sector.energy
  location   = { lat = 95, lon = 139.7 } # ERROR: Invalid latitude
  depends_on = [asset.plant]
}

asset "plant" {
  sector   = sector.energy
  location = {
    lat = 35
    lon = -200 # ERROR: Invalid longitude
  }
}
