locals {
  a = local.b + 1 # ERROR: Circular reference between local values
  b = local.c * 2
  c = local.a
  d = local.e # ERROR: Reference to undeclared local value
}

sector "energy" {}

asset "a" {
  sector = sector.energy
  weight = local.a
}

asset "b" {
  sector     = sector.energy
  depends_on = [asset.a]
}
