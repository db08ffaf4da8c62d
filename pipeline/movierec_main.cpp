// The movierec command line: the native twin of the browser engine.
#include <iostream>

int main() {
  std::cerr << "movierec: the command line is being assembled\n";
  return 1;
}
