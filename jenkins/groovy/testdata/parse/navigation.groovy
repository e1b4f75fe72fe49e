def a = x?.y*.z.@w
def b = list.findAll { it.enabled }.each { println it.name }
def c = items.collect{ it.id }.inject([:]) { acc, id -> acc + [(id): true] }
def d = ['a', 'b'].each { }
def e = (env.OPTS ?: '').split(';')
def f = sh(script: 'git rev-parse HEAD', returnStdout: true)
  .trim()
  // comment between chain lines
  .take(8)
def g = map['key'][0].field?.getAt(1)
def h = this.&helper
def i = x."quoted-name"
def j = obj.class.simpleName
def k = params.default
