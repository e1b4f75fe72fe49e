package convert

import (
	"fmt"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/pipeline"
)

func init() {
	register(
		&Construct{Kind: KindStep, Name: "mail", Status: Approximated, Summary: "the notify-email template (curl to your SMTP server, whose URL and login are secrets)", step: mapMail},
		&Construct{Kind: KindStep, Name: "emailext", Status: Approximated, Summary: "the notify-email template; recipient providers become the MAIL_TO variable", step: mapMail},
		&Construct{Kind: KindStep, Name: "slackSend", Status: Approximated, Summary: "the slack-notify template; the webhook decides the channel", step: mapSlack},
		&Construct{Kind: KindStep, Name: "step", Status: Manual, Summary: "the Mailer publisher becomes the notify-email template on failure; other classes are manual", step: mapStepClass},
	)
}

// inputValue renders a value for a template input. A value only Groovy
// computes is computed first, into env as name; why says why it cannot be.
func (c *converter) inputValue(sc *scope, v pipeline.Value, name string) (expr, why string) {
	switch {
	case v.Kind == pipeline.Absent:
		return "", ""
	case v.IsLiteral() || v.Kind == pipeline.String && c.resolves(sc, v):
		return c.exprValue(v, nil), ""
	}
	if why := c.computeEnv(sc, name, v, v.Range); why != "" {
		return "", why
	}
	return "${{ env." + name + " }}", ""
}

// smtpSecrets are the secrets notify-email reads.
var smtpSecrets = []string{"SMTP_URL", "SMTP_USERNAME", "SMTP_PASSWORD"}

func mapMail(c *converter, sc *scope, s *pipeline.Step) {
	in := map[string]string{
		"smtp-url": secretRef("SMTP_URL"),
		"username": secretRef("SMTP_USERNAME"),
		"password": secretRef("SMTP_PASSWORD"),
		"from":     "${{ vars.MAIL_FROM }}",
	}
	var notes []string
	for field, input := range map[string]string{"to": "to", "subject": "subject", "body": "body", "from": "from"} {
		v, why := c.inputValue(sc, s.Args.Get(field), "MAIL_"+strings.ToUpper(field))
		if why != "" {
			c.manual("step:"+s.Name, s.Range, s.Text, "the %s is computed by Groovy: %s", field, why)
			return
		}
		if v != "" {
			in[input] = v
		}
	}
	if in["to"] == "" {
		in["to"] = "${{ vars.MAIL_TO }}"
		notes = append(notes, "no literal recipients (recipient providers have no GitHub equivalent): set the repository variable MAIL_TO")
	}
	if in["subject"] == "" {
		in["subject"] = "${{ github.workflow }} #${{ github.run_number }}"
	}
	if s.Args.Get("mimeType").Str() == "text/html" || strings.Contains(s.Args.Get("body").Text, "<a href") {
		notes = append(notes, "the body is sent as plain text")
	}
	for _, name := range smtpSecrets {
		c.addSecret(name, "", "SMTP server for notify-email", s.Range)
	}
	c.template(sc, "notify-email", in, s.Range)
	notes = append([]string{"sent with curl through the SMTP server in the secrets SMTP_URL, SMTP_USERNAME and SMTP_PASSWORD, from the variable MAIL_FROM"}, notes...)
	c.record("step:"+s.Name, Approximated, s.Range, "%s", strings.Join(notes, "; "))
}

func mapSlack(c *converter, sc *scope, s *pipeline.Step) {
	text, why := c.inputValue(sc, s.Args.First("message"), "SLACK_MESSAGE")
	if why != "" {
		c.manual("step:slackSend", s.Range, s.Text, "the message is computed by Groovy: %s", why)
		return
	}
	if text == "" {
		text = "${{ github.workflow }} #${{ github.run_number }}: ${{ job.status }}"
	}
	webhook := "SLACK_WEBHOOK_URL"
	if id, ok := valueText(s.Args.Get("tokenCredentialId")); ok && id != "" {
		webhook = c.secretFor(id)
	}
	c.addSecret(webhook, "", "Slack incoming webhook", s.Range)
	c.template(sc, "slack-notify", map[string]string{"webhook": secretRef(webhook), "text": text}, s.Range)
	note := fmt.Sprintf("posted through the incoming webhook in the secret %s", webhook)
	if ch := s.Args.Get("channel").Str(); ch != "" {
		note += fmt.Sprintf(", which must post to %s", ch)
	}
	c.record("step:slackSend", Approximated, s.Range, "%s; color is not carried over", note)
}

// mapStepClass handles step([$class: ...]), the generic build step of
// old plugins.
func mapStepClass(c *converter, sc *scope, s *pipeline.Step) {
	class := s.Args.Get("$class").Str()
	if class != "Mailer" {
		// Reported with the other steps no mapper knows, once per name.
		if !c.libraryStep(sc, s) {
			c.inner(sc, s)
		}
		return
	}
	failed := sc.child()
	failed.cond = and("failure()", sc.cond)
	for _, name := range smtpSecrets {
		c.addSecret(name, "", "SMTP server for notify-email", s.Range)
	}
	to, _ := c.inputValue(sc, s.Args.Get("recipients"), "MAIL_TO")
	if to == "" {
		to = "${{ vars.MAIL_TO }}"
	}
	c.template(failed, "notify-email", map[string]string{
		"smtp-url": secretRef("SMTP_URL"), "username": secretRef("SMTP_USERNAME"), "password": secretRef("SMTP_PASSWORD"),
		"from": "${{ vars.MAIL_FROM }}", "to": to,
		"subject": "Build failed: ${{ github.workflow }} #${{ github.run_number }}",
		"body":    "${{ github.server_url }}/${{ github.repository }}/actions/runs/${{ github.run_id }}",
	}, s.Range)
	c.record("step:step", Approximated, s.Range, "the Mailer publisher mails on failure with the notify-email template; Jenkins also mailed when the build got back to normal")
}
