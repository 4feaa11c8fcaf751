scenario "usjp_bay_quake" {
  label   = "Earthquake at the bay in Japan, felt in U.S. finance within a day; three days"
  horizon = "3d"

  event "quake" {
    targets = [asset.jp_thermal_plant, asset.jp_oil_plant]
  }
}
