package cmd

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// NewCmdVersion builds `version`.
func NewCmdVersion(s *IOStreams) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := fmt.Fprintf(s.Out, "jenkins2actions %s\n", version())
			return err
		},
	}
}

// version is the module version `go install` recorded, or "devel".
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}
