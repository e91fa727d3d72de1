"""Local fakes of internet services (real HTTP on 127.0.0.1), recording what they were sent."""
