sector "energy" {}

asset "grid" {
  sector = sector.energy
}

scenario "s" {
  event "e" {
    select {
      within = { lat = 35, lon = 139, radius_km = 0 } # ERROR: Invalid radius
    }
  }
}
