# LNG from the U.S. Gulf Coast to Japan.
#
# - Freeport LNG (Texas) stopped after an explosion on 8 June 2022 and began to
#   restart only in February 2023; JERA and Osaka Gas are among its offtakers
#   (LNG Prime, "Japan's Osaka Gas expects higher Freeport LNG loss", February
#   2023, https://lngprime.com/asia/japans-osaka-gas-expects-higher-freeport-lng-loss/73009;
#   Reuters via Kitco, 7 February 2023).
# - Japan can store only about two weeks of its LNG demand (Nikkei, 24 October
#   2021, in the U.S. Embassy's translation, https://jmh.usembassy.gov/20211025178298/;
#   Nikkei, April 2020, "大黒柱LNG、在庫わずか2週間"); METI put utilities' stock at
#   two to three weeks in February 2022 (NHK, 28 February 2022,
#   https://www3.nhk.or.jp/news/html/20220228/k10013506051000.html) and at about
#   12 days of domestic use in March 2026 (Reuters via CNA, 4 March 2026). 14 d
#   below. The earlier citation (an ANRE report on January 2021) was not found.
# - A voyage from the U.S. Gulf to Japan takes about 25 days through the Panama
#   Canal (assumption; longer round the Cape of Good Hope).
# - JERA buys from several regions; the "requires = 3 of 4" below says that
#   losing one region can be made up and losing two cannot (assumption).

asset "gulf_lng_export" {
  restart    = "1w" # liquefaction trains restart over days after a long power loss (assumption; Freeport, damaged by an explosion, took eight months, see header)
  sector     = sector.energy
  label      = "Gulf Coast LNG export terminals (Freeport, Cameron)"
  operator   = organization.lng_exporter
  region     = "gulf"
  location   = { lat = 28.94, lon = -95.31 }
  backup     = "6h" # (assumption)
  depends_on = [asset.gulf_grid]
}

asset "lng_shipping_us" {
  sector   = sector.transportation
  label    = "LNG carriers, U.S. Gulf to Japan"
  operator = organization.jera # Freeport sells free on board: buyers ship the cargoes
  region   = "pacific"
  dependency {
    on    = asset.gulf_lng_export
    delay = "25d" # cargoes already at sea still arrive (assumption, see header)
  }
}

asset "lng_supply_australia" {
  sector  = sector.energy
  label   = "LNG from Australia"
  region  = "australia"
  country = "AU"
}

asset "lng_supply_middle_east" {
  sector  = sector.energy
  label   = "LNG from the Middle East (through Hormuz)"
  region  = "middle_east"
  country = "QA"
}

asset "lng_supply_asia" {
  sector  = sector.energy
  label   = "LNG from Southeast Asia"
  region  = "asia"
  country = "MY"
}

asset "jera_lng_supply" {
  sector   = sector.energy
  label    = "JERA LNG receiving terminals (Tokyo Bay)"
  operator = organization.jera
  region   = "kanto"
  needs "cargoes" {
    requires   = 3     # see header (assumption)
    backup     = "14d" # about two weeks of LNG stock, see header
    depends_on = [asset.lng_shipping_us, asset.lng_supply_australia, asset.lng_supply_middle_east, asset.lng_supply_asia]
  }
}
