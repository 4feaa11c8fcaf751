sector "energy" {
  lable = "Energy" # ERROR: Unsupported argument
}

asset "a" {
  sector = sector.energy
  dependency {
    on    = asset.b
    dealy = "1h" # ERROR: Unsupported argument
  }
}

asset "b" {
  sector = sector.energy
}
