// symwork-cxx.cc - a C++ template in a namespace holding the CPU time, whose
// demangled name the reports must show: geo::Grid<double>::relax(int).
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace geo {
template <typename T> class Grid {
      public:
	explicit Grid(int n) : n_(n), v_(static_cast<size_t>(n) * n, T(1)) {}
	__attribute__((noinline)) T relax(int rounds)
	{
		T s = 0;
		for (int r = 0; r < rounds; r++)
			for (int i = 1; i < n_ * n_ - 1; i++) {
				v_[i] = (v_[i - 1] + v_[i] + v_[i + 1]) / T(3);
				s += v_[i];
			}
		return s;
	}

      private:
	int n_;
	std::vector<T> v_;
};
} // namespace geo

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? std::atoi(argv[1]) : 300;
	geo::Grid<double> g(300);
	std::printf("relax %d\n", g.relax(rounds) > 0);
	return 0;
}
