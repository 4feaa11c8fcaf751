sector "energy" {}

asset "grid" {
  sector     = sector.energy
  location   = { lat = 35 } # ERROR: Missing attribute
  depends_on = [asset.plant]
}

asset "plant" {
  sector   = sector.energy
  location = { lat = 35, long = 139 } # ERROR: Unsupported attribute
}

asset "pump" {
  sector     = sector.energy
  location   = "Tokyo" # ERROR: Incorrect attribute value type
  depends_on = [asset.plant]
}
