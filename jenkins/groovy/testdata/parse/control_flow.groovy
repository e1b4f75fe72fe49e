if (a) b() else if (c) d() else { e() }
if (x)
  one()
else
  two()
if (done) return
for (item in items) { process(item) }
for (def i in 0..<3) println i
for (String s : strings) {}
for (int i = 0; i < 10; i++) { if (i == 5) continue }
for (;;) { break }
while (queue) { queue.pop() }
while (n > 0) {
  n--
}
try {
  risky()
} catch (IOException | InterruptedException e) {
  handle(e)
}
catch (err) {
  throw err
}
finally
{
  cleanup()
}
switch (kind) {
  case 'a':
  case 'b':
    letters()
    break
  case ~/^v\d+/:
    version()
    break
  case [1, 2, 3]:
  case { it instanceof Map }:
    other()
  default:
    fallback()
}
outer: for (x in xs) { for (y in ys) { continue outer } }
assert ok : 'must be ok'
throw new IllegalStateException("bad state")
synchronized (lock) { counter++ }
