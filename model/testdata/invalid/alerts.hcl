sector "telecom" {}

organization "ntt_east" {
  detect  = "0s" # ERROR: Invalid detect
  respond = "-2h" # ERROR: Invalid duration
}

organization "kddi" {
  detect = 6 # ERROR: Invalid duration
}

channel "lonely" {
  between = [organization.kddi] # ERROR: Invalid channel
}

channel "crowded" {
  between = [organization.kddi, organization.ntt_east, organization.kddi] # ERROR: Invalid channel
}

channel "mirror" {
  between = [organization.kddi, organization.kddi] # ERROR: Channel to itself
}

channel "slow" {
  between = [organization.kddi, organization.ntt_east]
  latency = "-1h" # ERROR: Invalid duration
}

channel "typo" {
  between = [organization.kdi, organization.ntt_east] # ERROR: Reference to undeclared organization
}

channel "loose" {
  between = "kddi" # ERROR: Invalid reference list
}

channel "missing" { # ERROR: Missing required argument
}

channel "missing" { # ERROR: Duplicate channel "missing"
  between = [organization.kddi, organization.ntt_east]
}
