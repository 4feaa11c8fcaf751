asset "b" {
  sector = sector.energy
  tags   = ["a" "b"] # ERROR: Missing item separator
}
