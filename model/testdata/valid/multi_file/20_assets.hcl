asset "grid" {
  sector     = sector.energy
  depends_on = [asset.exchange]
}
