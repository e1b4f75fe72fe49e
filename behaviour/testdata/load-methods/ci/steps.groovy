// Loaded by the Jenkinsfile: the top-level statements run when it is
// loaded, the methods when the Jenkinsfile calls them; a method calls its
// sibling without a receiver, as a script calls its own methods.
sh 'echo "loaded" >> "$TRACE"'

def build(String target) {
  sh "echo \"build ${target}\" >> \"\$TRACE\""
  done(target)
}

def done(String target) {
  sh "echo \"done ${target}\" >> \"\$TRACE\""
}

return this
