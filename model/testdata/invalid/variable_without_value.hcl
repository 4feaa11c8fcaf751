variable "fuel" { # ERROR: No value for required variable
  type        = string
  description = "Generator fuel on site"
}

sector "energy" {}

asset "a" {
  sector = sector.energy
  backup = var.fuel
}

asset "b" {
  sector     = sector.energy
  depends_on = [asset.a]
}
