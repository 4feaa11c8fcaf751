variable "generator_fuel" {
  type        = string
  default     = "72h"
  description = "Diesel on site at the hospital"
}

variable "feeders" {
  type    = list(string)
  default = ["a", "b"]
}

variable "cable_probability" {
  type    = number
  default = 0.25
}

variable "anything" {
  default = { lat = 35.0, lon = 139.0 }
}

locals {
  prefix   = upper(format("%s-", "kanto"))
  double   = local.half * 4
  half     = var.cable_probability / 2
  label    = "${local.prefix}${join("+", var.feeders)}"
  tag_list = concat(["olympics"], [for f in var.feeders : "feeder-${f}"])
}

sector "energy" {
  threshold = min(1, max(0.1, local.double))
}

sector "health" {
  label = title(lower("HEALTH care"))
  color = format("#%02x%02x%02x", 10, 200, 255)
}

asset "substation" {
  sector   = sector.energy
  label    = local.label
  tags     = local.tag_list
  weight   = length(var.feeders) + ceil(0.2) + floor(0.9) + abs(-1)
  location = var.anything
}

asset "hospital" {
  sector = sector.health
  backup = var.generator_fuel
  region = coalesce(null, "kanto")
  dependency {
    on          = asset.substation
    probability = var.cable_probability
    delay       = contains(local.tag_list, "feeder-a") ? "5m" : "0"
  }
}

scenario "s" {
  horizon = "${2 * 7}d"
  event "e" {
    targets = [asset.substation]
    at      = "0"
  }
}
