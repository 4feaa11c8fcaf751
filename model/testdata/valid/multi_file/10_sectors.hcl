sector "energy" {}
sector "telecom" {}
