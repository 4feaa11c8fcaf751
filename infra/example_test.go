package infra_test

import (
	"fmt"

	"github.com/cascade-infra/cascade/infra"
)

// The files `cascade init --catalog us-jp DIR` writes.
func ExampleFiles() {
	files, _, err := infra.Files("us-jp")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range files {
		fmt.Println(f.Name)
	}
	// Output:
	// us_sectors.hcl
	// us_model.hcl
	// jp_sectors.hcl
	// jp_model.hcl
	// cross_border.hcl
	// scenario.hcl
}
