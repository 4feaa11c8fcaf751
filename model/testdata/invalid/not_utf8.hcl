sector "energy" {
  label = "ÿþ" # ERROR: Not a text file
}
