// throw.cc - C++ exceptions thrown through several frames and caught, many
// times, while being profiled: must behave exactly as without ctrace.
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace app {
template <typename T> struct Thrower {
	__attribute__((noinline)) static T pass(T v, int depth)
	{
		if (depth == 0)
			throw std::runtime_error("boom " + std::to_string(v));
		return pass(v + 1, depth - 1) + 1;
	}
};
} // namespace app

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 20000;
	long caught = 0, sum = 0;
	for (long i = 0; i < n; i++) {
		try {
			sum += app::Thrower<long>::pass(i, 20);
		} catch (const std::runtime_error &e) {
			caught++;
			sum += (long)e.what()[0];
		}
	}
	std::printf("caught %ld sum %ld\n", caught, sum);
	return caught == n ? 0 : 1;
}
