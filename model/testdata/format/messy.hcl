# comment
sector "a" {
label="x"
  threshold   =   0.5 # trailing
    color = format( "#%s" , "ffffff" )
}
asset "b" {
sector = sector.a
  location = {lat=1,lon=-2}
  tags = [
  "a",
      "b" ,
  ]
  weight = - 1 + -2 * (3 - 4)
  depends_on=[ asset.x ]
  note = <<EOT
   keep   this   ${ var.x }
EOT
  needs "p" {
  backup = "1h"
  }
  label = "x  ${ a  +  b }  y"
}
locals {
  l = [for x in var.list : x if x != "a"]
  m = {for k, v in var.m : k => v...}
  s = var.x[*].y
  i = var.list [0]
}
