def name(a, b = 1) { a + b }
void log(String msg) { echo msg }
private static String quote(String s) { "'${s}'" }
@NonCPS
def parse(String text) {
  new groovy.json.JsonSlurperClassic().parseText(text)
}
def varargs(String... parts) { parts.join(' ') }
Map<String, String> generic(List<String> keys, Closure<?> body) { [:] }
def braceOnNextLine()
{
  return 1
}

class Version implements Comparable<Version> {
  int major, minor
  static final String PREFIX = 'v'
  Version(String s) { (major, minor) = s.tokenize('.')*.toInteger() }
  int compareTo(Version o) { major <=> o.major ?: minor <=> o.minor }
  String toString() { "${PREFIX}${major}.${minor}" }
}

enum Target {
  STAGING('stg'), PRODUCTION('prd')
  final String code
  Target(String s) { this.code = s }
}

interface Notifier {
  void send(String message)
}

def v = new Version('1.2')
