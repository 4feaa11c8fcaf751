sector "energy" {}
organization "tepco" {}

asset "grid" {
  sector     = asset.plant # ERROR: Wrong kind of reference
  operator   = sector.energy # ERROR: Wrong kind of reference
  depends_on = [organization.tepco] # ERROR: Wrong kind of reference
}

asset "plant" {
  sector     = sector.energy
  depends_on = [asset.grid]
}
