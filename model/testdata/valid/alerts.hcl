sector "telecom" {}

organization "ntt_east" {
  detect  = "6h"
  respond = "2h"
}

organization "ict_isac" {
  shares_with = [organization.ntt_east]
}

organization "kddi" {
  respond = "0s"
}

organization "nccic" {}

channel "isac_kddi" {
  between = [organization.ict_isac, organization.kddi]
  latency = "1h"
  label   = "ICT-ISAC members' portal"
}

channel "instant" {
  between = [organization.kddi, organization.nccic]
}

asset "exchange" {
  sector   = sector.telecom
  operator = organization.ntt_east
}

asset "billing" {
  sector   = sector.telecom
  operator = organization.kddi
  dependency {
    on    = asset.exchange
    kind  = "cyber"
    delay = "12h"
  }
}

scenario "ransomware" {
  event "intrusion" {
    kind    = "cyber"
    targets = [asset.exchange]
  }
}
