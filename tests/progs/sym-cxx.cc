/* sym-cxx.cc - C++ test program for t-symbolize: a class template member
 * function in a namespace and an always_inline function template inlined into
 * it. "sym-cxx addrs" prints the code addresses to check. */
#include <cstdint>
#include <cstdio>
#include <cstring>

enum probe_id { P_TMPL, P_TMPL_INL, P_COUNT };

static const char *const probe_names[P_COUNT] = { "tmpl_bar", "tmpl_inl" };
static void *probe_ret[P_COUNT];
volatile int sink;

__attribute__((noipa)) static void probe(probe_id id)
{
	probe_ret[id] = __builtin_return_address(0);
}

namespace ns {

template <typename T> inline __attribute__((always_inline)) T twice(T x)
{
	probe(P_TMPL_INL); /* @line:tmpl_inl */
	return 2 * x + sink;
}

template <typename T> struct Foo {
	T v;
	__attribute__((noipa)) T bar(T x);
};

template <typename T> T Foo<T>::bar(T x)
{
	probe(P_TMPL); /* @line:tmpl_bar */
	T r = twice<T>(x); /* @line:tmpl_inl_call */
	return r + v;
}

template struct Foo<int>;

} // namespace ns

static void maps_print()
{
	char line[4096];
	FILE *f = std::fopen("/proc/self/maps", "r");

	if (!f)
		return;
	while (std::fgets(line, sizeof(line), f))
		std::printf("map %s", line);
	std::fclose(f);
}

int main(int argc, char **argv)
{
	ns::Foo<int> foo{ 1 };
	int acc = foo.bar(2);

	if (argc < 2 || std::strcmp(argv[1], "addrs") != 0)
		return acc == 12345;
	for (int i = 0; i < P_COUNT; i++)
		std::printf("pc %s %#jx\n", probe_names[i], (uintmax_t)((uintptr_t)probe_ret[i] - 1));
	maps_print();
	return 0;
}
