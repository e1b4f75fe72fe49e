import groovy.transform.Field

def build(name) {
    sh "make ${name}"
    check(name)
}

def check(name) {
    sh "test -f ${name}"
}

return this
