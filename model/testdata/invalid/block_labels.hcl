sector { # ERROR: Missing name for sector
  label = "no name"
}

asset "a" "b" { # ERROR: Extraneous label for asset
}
