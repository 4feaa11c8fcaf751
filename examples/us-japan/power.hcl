# Regional power grids on both sides, one asset each: only what the cross-border
# assets in this model draw on. Japan's grids run at 50 Hz in the east (TEPCO)
# and 60 Hz in the west (Chubu, Kansai); Okinawa's grid is isolated.
#
# Restoration (repair, restart; crews in organizations.hcl), orders of magnitude:
# - The 14 August 2003 Northeast blackout (50 million people): most customers had
#   power again within about two days, New York City after about 29 hours (U.S.-
#   Canada Power System Outage Task Force, final report, April 2004; as recalled,
#   the hours not re-checked).
# - Hokkaido, 6 September 2018: the whole island blacked out and was restarted
#   from hydro stations; most customers were back within about two days (as
#   recalled, see examples/tokyo-2020/scenarios.hcl).
# - Tohoku, March 2011: the quake and tsunami cut power to several million
#   Tohoku Electric customers; most were restored within about a week, the
#   tsunami areas much later (as recalled, unconfirmed).
# - Typhoon Faxai, September 2019: up to about 930,000 TEPCO customers, mostly in
#   Chiba, lost power, and the last were restored only after about two weeks (as
#   recalled, unconfirmed).
# The TEPCO-area blackout of scenario tokyo_blackout is a prolonged one: repair 4d
# and a restart of 12h put the grid back at T+4d12h, longer than 2003 and 2018
# because the scenario assumes damage, shorter than Faxai's tail (assumption).

asset "tepco_grid" {
  repair   = "4d"  # a prolonged area-wide outage (assumption, see header)
  restart  = "12h" # restarting a blacked-out grid area by area takes hours (2003: about 29 h for New York City, see header)
  sector   = sector.energy
  label    = "TEPCO grid (Tokyo, Kanagawa)"
  operator = organization.tepco
  region   = "kanto"
  weight   = 3
  # Losing JERA's LNG supply means rotating outages in the TEPCO area: LNG is
  # about a third of Japan's generation and more of TEPCO's (assumption that the
  # rest cannot cover the load).
  depends_on = [asset.jera_lng_supply]
}

asset "tepco_grid_boso" {
  restart    = "2h" # re-energised line by line after the bulk grid (assumption)
  sector     = sector.energy
  label      = "TEPCO grid, Boso peninsula (Chiba)"
  operator   = organization.tepco
  region     = "boso"
  depends_on = [asset.tepco_grid]
}

asset "tepco_grid_ibaraki" {
  restart    = "2h" # (assumption)
  sector     = sector.energy
  label      = "TEPCO grid, Ibaraki"
  operator   = organization.tepco
  region     = "ibaraki"
  depends_on = [asset.tepco_grid]
}

asset "chubu_grid" {
  sector   = sector.energy
  label    = "Chubu grid (Mie, Shima peninsula)"
  operator = organization.chubu_epco
  region   = "mie"
}

asset "kansai_grid" {
  sector  = sector.energy
  label   = "Kansai grid (Osaka)"
  region  = "kansai"
  country = "JP"
}

asset "okinawa_grid" {
  sector   = sector.energy
  label    = "Okinawa grid"
  operator = organization.okiden
  region   = "okinawa"
}

asset "pnw_grid" {
  sector   = sector.energy
  label    = "Pacific Northwest grid (Oregon, Washington)"
  operator = organization.us_utilities
  region   = "pnw"
}

asset "socal_grid" {
  sector   = sector.energy
  label    = "Southern California grid"
  operator = organization.us_utilities
  region   = "socal"
}

asset "gulf_grid" {
  repair   = "2w" # Hurricane Ida (29 August 2021) cut power to about a million Louisiana customers; most were back within about two weeks (as recalled, unconfirmed)
  sector   = sector.energy
  label    = "Gulf Coast grid (Texas, Louisiana)"
  operator = organization.us_utilities
  region   = "gulf"
}

asset "virginia_grid" {
  sector   = sector.energy
  label    = "Northern Virginia grid"
  operator = organization.us_utilities
  region   = "virginia"
}

asset "colorado_grid" {
  sector   = sector.energy
  label    = "Colorado Springs grid"
  operator = organization.us_utilities
  region   = "colorado"
}
