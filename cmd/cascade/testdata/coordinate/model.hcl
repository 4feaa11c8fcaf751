# The fixture of coordinate's alert tests (coordinate_alerts_test.go), also of render's
# coordinate view goldens and the report's restoration and alerts test. A ransomware
# intrusion at NTT East's exchange spreads over cyber dependencies to a U.S. cloud
# region (which keeps its network through a satellite link when the exchange is down)
# and from it to a bank's application; a retailer's shop runs on the cloud.
# NTT East detects after 2h and tells GSOC (1h); the cloud provider detects after 1h
# and shares with NCCIC, which reaches the bank. GSOC and NCCIC have no channel.
#
# Without a GSOC-NCCIC channel the cloud is compromised at T+6h, detected at T+7h,
# and the bank (alerted through NCCIC at T+7h, protected at T+7h30m) blocks the attempt
# on its application at T+10h, which still fails for want of the cloud. With
# gsoc,nccic,1h the cloud is alerted at T+4h through ntt_east > gsoc > nccic > us_cloud
# and protected at once: the cloud, the shop and the bank's application are saved.

sector "telecom" {}
sector "it" {
  threshold = 0.5
}
sector "finance" {}
sector "retail" {}

organization "ntt_east" {
  country = "JP"
  kind    = "operator"
  detect  = "2h"
  respond = "1h"
}

organization "gsoc" {
  country = "JP"
  kind    = "government"
  label   = "GSOC (NISC)"
}

organization "nccic" {
  country     = "US"
  kind        = "government"
  label       = "CISA NCCIC"
  shares_with = [organization.us_cloud]
}

organization "us_cloud" {
  country = "US"
  kind    = "operator"
  detect  = "1h"
  respond = "0s"
}

organization "bank" {
  country = "US"
  kind    = "operator"
  respond = "30m"
}

organization "shop" {
  country = "US"
  kind    = "operator"
}

channel "ntt_gsoc" {
  between = [organization.ntt_east, organization.gsoc]
  latency = "1h"
  label   = "NTT East's incident desk to GSOC"
}

channel "nccic_bank" {
  between = [organization.nccic, organization.bank]
  latency = "0s"
}

asset "exchange" {
  sector   = sector.telecom
  operator = organization.ntt_east
}

asset "cloud" {
  sector   = sector.it
  operator = organization.us_cloud
  needs "network" {
    requires = "any"
    dependency {
      on          = asset.exchange
      kind        = "cyber"
      delay       = "6h"
      probability = 0.7
    }
    dependency {
      on = asset.satellite
    }
  }
}

asset "satellite" {
  sector   = sector.telecom
  operator = organization.us_cloud
}

asset "bank_app" {
  sector   = sector.finance
  operator = organization.bank
  dependency {
    on    = asset.cloud
    kind  = "cyber"
    delay = "4h"
  }
}

asset "shopfront" {
  sector   = sector.retail
  operator = organization.shop
  dependency {
    on    = asset.cloud
    delay = "30m"
  }
}

scenario "ransomware" {
  horizon = "2d"
  event "intrusion" {
    kind    = "cyber"
    targets = [asset.exchange]
  }
}
