package io.candyflow.producer.simulator;

import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /simulator} shows the simulator; {@code PUT /simulator} switches it on or
 * off and changes its rate or market size.
 */
@RestController
@RequestMapping("/simulator")
class SimulatorController {

	private final PriceSimulator simulator;

	SimulatorController(PriceSimulator simulator) {
		this.simulator = simulator;
	}

	@GetMapping
	SimulatorStatus status() {
		return this.simulator.status();
	}

	@PutMapping
	SimulatorStatus update(@RequestBody @Validated SimulatorSettings settings) {
		return this.simulator.update(settings);
	}

}
