variable "battery" {
  default = "8h"
}
