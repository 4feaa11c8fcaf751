variable "fuel" {
  type    = number
  default = "lots" # ERROR: Invalid default value for variable
}

variable "bad" {
  type = strng # ERROR: Invalid type specification
}

sector "energy" {}

asset "a" {
  sector = sector.energy
  weight = var.weight # ERROR: Unsupported attribute
}

asset "b" {
  sector     = sector.energy
  depends_on = [asset.a]
}
