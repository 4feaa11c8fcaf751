# Cross-border links between the U.S. and Japanese starter models: a
# trans-Pacific submarine cable with a landing station on each side, dollar
# clearing, LNG from the United States and a U.S. base in Japan on host-nation
# power and telecom. Times marked "# assumption" are placeholders.

organization "usjp_cable_consortium" {
  label   = "Trans-Pacific cable consortium"
  country = "JP"
  kind    = "operator"
}

organization "us_forces" {
  label   = "U.S. Forces Japan"
  country = "US"
  kind    = "military"
}

asset "jp_landing_station" {
  sector     = sector.jp_information_communication
  label      = "Cable landing station (Japan)"
  operator   = organization.usjp_cable_consortium
  region     = "bay"
  backup     = "24h" # batteries and generator (assumption)
  depends_on = [asset.jp_grid]
}

asset "us_landing_station" {
  sector     = sector.us_communications
  label      = "Cable landing station (United States)"
  operator   = organization.usjp_cable_consortium
  country    = "US"
  region     = "coast"
  backup     = "24h" # (assumption)
  depends_on = [asset.us_grid]
}

asset "usjp_cable" {
  sector     = sector.jp_information_communication
  label      = "Trans-Pacific submarine cable"
  operator   = organization.usjp_cable_consortium
  depends_on = [asset.jp_landing_station, asset.us_landing_station]
}

asset "us_trading_desk" {
  sector   = sector.us_financial_services
  label    = "Asia trading desk (market data from Tokyo)"
  operator = organization.us_bank
  region   = "metro"
  dependency {
    on = asset.usjp_cable
  }
  dependency {
    on    = asset.jp_bank_dc
    delay = "1h" # (assumption)
  }
}

asset "jp_usd_clearing" {
  sector   = sector.jp_finance
  label    = "Dollar clearing through a U.S. correspondent"
  operator = organization.jp_bank
  region   = "bay"
  dependency {
    on = asset.us_bank_dc
  }
  dependency {
    on = asset.usjp_cable
  }
}

asset "us_lng_export" {
  sector     = sector.us_energy
  label      = "LNG export terminal (U.S. Gulf Coast)"
  country    = "US"
  region     = "gulf"
  depends_on = [asset.us_gas_pipeline]
}

asset "us_base_japan" {
  sector     = sector.us_government_facilities
  label      = "U.S. base in Japan"
  operator   = organization.us_forces
  country    = "JP"
  region     = "bay"
  backup     = "7d" # generators and fuel (assumption)
  depends_on = [asset.jp_grid]
  dependency {
    on    = asset.jp_exchange # host-nation telecom
    delay = "30m"             # (assumption)
  }
}

asset "jp_lng_imports" {
  sector  = sector.jp_gas
  label   = "LNG cargoes from the United States"
  country = "JP"
  region  = "bay"
  # 2 weeks: Japan can store only about two weeks of its LNG demand (Nikkei, 24
  # October 2021, in the U.S. Embassy's translation, https://jmh.usembassy.gov/20211025178298/);
  # METI put utilities' stock at two to three weeks in February 2022 (NHK, 28
  # February 2022, https://www3.nhk.or.jp/news/html/20220228/k10013506051000.html).
  backup     = "14d"
  depends_on = [asset.us_lng_export]
}
